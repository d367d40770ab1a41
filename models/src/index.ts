export * from './discriminator.ts';
export * from './generator.ts';
export * from './backend.ts';
export * from './checkpoint.ts';
export * from './inference.ts';
export * from './kind.ts';
export * from './seed.ts';
