export * from './openai.schema.js';
export * from './admin.schema.js';
export * from './governance.schema.js';
export * from './downloads.schema.js';
export * from './planning.schema.js';
