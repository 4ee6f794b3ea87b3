/**
 * What only a server process wires (its structured logger and request ids, the HTTP rate limit):
 * kept out of the lib's main entry, so services load without the Nest packages that are still
 * CommonJS (which a test of services in Jest's ES-module mode cannot load).
 */
export * from './logging';
export * from './http/rate-limit.guard';
