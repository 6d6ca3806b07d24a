import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpBridge } from './bridge/http-bridge';
import { App } from './App';

// Electron's preload provides the API; the browser host is reached over loopback HTTP instead.
const api = window.mcaDesk ?? createHttpBridge(window.location, window.sessionStorage);

const root = document.getElementById('root');
if (!root) throw new Error('MCA Desk: #root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
