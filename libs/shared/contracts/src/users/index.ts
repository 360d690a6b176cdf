export * from './api-key.schema';
export * from './common.schema';
export * from './login.schema';
export * from './mfa.schema';
export * from './sessions.schema';
export * from './sign-up.schema';
export * from './users-error-code';
export * from './users-subjects';
