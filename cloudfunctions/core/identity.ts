import tcb from '@cloudbase/node-sdk'

type PlatformContext = Parameters<typeof tcb.getCloudbaseContext>[0]

/**
 * The caller is the OPENID the platform puts into the function's context — never anything in
 * the event. The local host builds the context the same way (an `environment` JSON string), so
 * this code is identical in production and on a developer's machine.
 */
export function openidFromContext(context: unknown): string | null {
  if (!context || typeof context !== 'object') return null
  try {
    const openid = tcb.getCloudbaseContext(context as PlatformContext).WX_OPENID
    return typeof openid === 'string' && openid.length > 0 ? openid : null
  } catch {
    // A context the SDK cannot parse carries no identity: the router answers UNAUTHENTICATED.
    return null
  }
}
