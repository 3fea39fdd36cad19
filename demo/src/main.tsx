import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@dispatchtickets/react/styles.css';
import './demo.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
