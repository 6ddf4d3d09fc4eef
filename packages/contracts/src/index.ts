export * from './openai.schema.js';
export * from './admin.schema.js';
export * from './governance.schema.js';
