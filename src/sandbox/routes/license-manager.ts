import { RESOURCES } from '../keys.js';
import { errorReply, jsonReply } from '../route.js';
import type { Route, SandboxEnv } from '../route.js';

/** GET /api/license-manager/users/{userId}/roles: needs "Find user by email"; answers role names only. */
export function licenseManagerRoutes(env: SandboxEnv): Route[] {
  return [
    {
      name: 'licenseManager.userRoles',
      method: 'GET',
      pattern: /^\/api\/license-manager\/users\/(?<userId>[^/]+)\/roles$/,
      family: 'license-manager',
      resources: [RESOURCES.findUser],
      limits: [],
      handle: ({ params }) => {
        const owner = env.keys.find((key) => key.userId === params.userId);
        if (!owner) return errorReply('license-manager', 404, 'User not found');
        return jsonReply(owner.roles.map((role) => ({ id: role.id, name: role.name })));
      },
    },
  ];
}
