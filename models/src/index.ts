export * from './discriminator.ts';
export * from './generator.ts';
