import { createRoot } from 'react-dom/client';
import '@/assets/styles.css';

createRoot(document.getElementById('root')!).render(<h1>KalshiBook</h1>);
