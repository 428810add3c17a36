import { createRoot } from 'react-dom/client';
import '@/assets/styles.css';
import { createMessagingClient } from '@/lib/client';
import { OptionsApp } from './App';

createRoot(document.getElementById('root')!).render(<OptionsApp client={createMessagingClient()} />);
