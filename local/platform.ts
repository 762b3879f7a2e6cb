/**
 * What CloudBase hands a function besides the event: the invocation context. The platform puts
 * the caller's identity in `environment` (a JSON string); the local host does the same, so the
 * function code cannot tell the two apart, and concurrent calls never share identity through
 * process.env.
 */
import { randomUUID } from 'node:crypto'

export const LOCAL_APPID = 'wx-local-appid'

export interface PlatformContext {
  request_id: string
  function_name: string
  environment: string
}

export function platformContext(functionName: string, openid: string | null): PlatformContext {
  const env: Record<string, string> = { WX_APPID: LOCAL_APPID, WX_UNIONID: '' }
  if (openid) env.WX_OPENID = openid
  env.WX_CONTEXT_KEYS = Object.keys(env).join(',')
  return { request_id: randomUUID(), function_name: functionName, environment: JSON.stringify(env) }
}

export type FunctionMain = (event: unknown, context: PlatformContext) => Promise<unknown>
