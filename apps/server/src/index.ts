export { runServeCommand } from './main.js';
export { startHangarServer, VERSION, type HangarServer, type StartOptions } from './server.js';
