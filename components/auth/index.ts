export { SignInForm, type SignInFormProps, PASSWORD_MIN, PASSWORD_TOO_SHORT } from './SignInForm';
