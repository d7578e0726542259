// packages/admin/src/node-adapter.ts:62
import { bearerTokenAuthorizer, createAdminHandler, toNodeListener } from '@lifeline/admin';
import { createServer } from 'node:http';
const authorize = bearerTokenAuthorizer({ token: process.env.LIFELINE_ADMIN_TOKEN!, admin: 'ops' });
createServer(toNodeListener(createAdminHandler({ lifeline, authorize }))).listen(3001, '127.0.0.1');

export {};
