const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
    swcrc: false,
  },
];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    // The package by its name, from source (one copy of each class with the specs' own imports).
    '^nestjs-weixin$': '<rootDir>/libs/weixin/src/index.ts',
    '^nestjs-weixin/internal$': '<rootDir>/libs/weixin/src/internal.ts',
    '^nestjs-weixin/(admin|health|metrics|testing)$': '<rootDir>/libs/weixin/src/$1/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  // Built copies (the package's dist, the swc build) are not modules of the tests.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/libs/weixin/dist/'],
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};
