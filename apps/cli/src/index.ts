export { main } from './main.js';
export type { CliIo, InputStream, OutputStream } from './cli-io.js';
