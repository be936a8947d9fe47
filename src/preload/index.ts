// Preload of the sandboxed renderer: it may require only 'electron'; everything else is bundled in.
import { contextBridge, ipcRenderer } from 'electron';
import { POS_BRIDGE_KEY } from '../shared/ipc';
import { buildBridge } from './bridge';

export { buildBridge } from './bridge';

contextBridge.exposeInMainWorld(POS_BRIDGE_KEY, buildBridge(ipcRenderer));
