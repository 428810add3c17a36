export { KeysSection } from './KeysSection';
export { KeysList } from './KeysList';
export { CreateKeyDialog, type CreateKeyDialogProps } from './CreateKeyDialog';
export { RenameKeyDialog } from './RenameKeyDialog';
export { RevokeKeyDialog } from './RevokeKeyDialog';
export { useCopyKey } from './use-copy-key';
export { useKeyRows } from './use-key-rows';
