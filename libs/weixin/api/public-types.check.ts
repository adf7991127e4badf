// Compiled by `npm run api:check` against the built declarations of every entry point, with
// `skipLibCheck: false` and this repository's @types/node (20); the consumer apps in
// test/consumers do the same under @types/node 22 and 24.
import * as core from 'nestjs-weixin';
import * as admin from 'nestjs-weixin/admin';
import * as health from 'nestjs-weixin/health';
import * as metrics from 'nestjs-weixin/metrics';
import * as testing from 'nestjs-weixin/testing';

export const entryPoints = { core, admin, health, metrics, testing };
