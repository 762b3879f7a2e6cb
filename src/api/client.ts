/**
 * The client side of the contract: `call('request.create', {...})` is typed from
 * src/domain/contract.ts. Weapp calls the `api` cloud function; the local H5 build POSTs the
 * same body to the local host.
 */
import Taro from '@tarojs/taro'
import type { ActionInput, ActionName, ActionOutput } from '../domain/contract'
import type { ApiError, ApiResponse, ErrorCode } from '../domain/errors'
import { getDevOpenId } from './identity'
import { wallMs } from '../clock'

export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message)
    this.name = 'ApiCallError'
  }
}

const NETWORK_MESSAGE = '网络不给力，请检查网络后重试'
const SERVER_MESSAGE = '系统繁忙，请稍后再试'

/** The call never reached the function: the network (say so) — not the server failing (say that). */
class Unreachable extends Error {}

/** WeChat's callFunction errors that mean the phone could not reach the cloud at all. */
const NETWORK_ERR = /timeout|network|offline|request:fail/i

async function transport(body: { action: string; input: unknown }): Promise<ApiResponse<unknown>> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.cloud.callFunction({ name: 'api', data: body })
      return res.result as ApiResponse<unknown>
    } catch (err) {
      const text = `${(err as { errMsg?: string }).errMsg ?? ''} ${(err as Error).message ?? ''}`
      if (NETWORK_ERR.test(text)) throw new Unreachable(text)
      throw err
    }
  }
  let res: Response
  try {
    res = await fetch(`${process.env.API_BASE ?? ''}/fn/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-openid': getDevOpenId() },
      body: JSON.stringify(body),
    })
  } catch (err) {
    throw new Unreachable(String(err))
  }
  return (await res.json()) as ApiResponse<unknown>
}

export async function call<A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> {
  let res: ApiResponse<unknown>
  try {
    res = await transport({ action, input })
  } catch (err) {
    throw err instanceof Unreachable
      ? new ApiCallError('NETWORK', NETWORK_MESSAGE)
      : new ApiCallError('INTERNAL', SERVER_MESSAGE)
  }
  if (!res || typeof res !== 'object') throw new ApiCallError('INTERNAL', SERVER_MESSAGE)
  if (!res.ok) {
    const error: ApiError = res.error
    throw new ApiCallError(error.code, error.message, error.fields)
  }
  return res.data as ActionOutput<A>
}

/** A fresh client-side id for a create; keep it across retries of the same submission. */
export function newRequestId(): string {
  const rand = () => Math.random().toString(36).slice(2, 10)
  return `${wallMs().toString(36)}${rand()}${rand()}`.slice(0, 32)
}

export function errorMessage(err: unknown): string {
  return err instanceof ApiCallError ? err.message : SERVER_MESSAGE
}
