import { createRoot } from 'react-dom/client';
import '@/assets/styles.css';
import { createMessagingClient } from '@/lib/client';
import { PopupApp } from './App';

createRoot(document.getElementById('root')!).render(<PopupApp client={createMessagingClient()} />);
