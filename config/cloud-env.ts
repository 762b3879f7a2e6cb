/**
 * Which CloudBase environment a weapp build calls, from configuration rather than code: the
 * first of TARO_APP_CLOUD_ENV and ENV_ID (the one `npm run deploy` deploys to), each from the
 * shell, else from Taro's env files `.env`, `.env.local`, `.env.<mode>`, `.env.<mode>.local`.
 * Empty means the environment WeChat DevTools has selected — allowed for development builds only:
 * a production weapp build without one stops (requireWeappCloudEnv), since the mini-program would
 * otherwise call whatever environment the uploading DevTools had open. The H5 build does not use it.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseEnv } from 'node:util'

/** The variables of env files in `root`, later files winning, as Taro and the tcb CLI read them. */
export function readEnvFiles(root: string, files: string[]): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const f of files) {
    const file = path.join(root, f)
    if (!existsSync(file)) continue
    for (const [k, v] of Object.entries(parseEnv(readFileSync(file, 'utf8'))))
      if (v !== undefined) vars[k] = v
  }
  return vars
}

export interface CloudEnvChoice {
  envId: string
  /** Where it came from, for the deploy plan. */
  source: string
}

export function weappCloudEnv(
  root: string,
  mode = 'production',
  env: Record<string, string | undefined> = process.env,
): CloudEnvChoice {
  const names = ['.env', '.env.local', `.env.${mode}`, `.env.${mode}.local`]
  const files = readEnvFiles(root, names)
  const inFiles = `(${names.join(' / ')})`
  const order: [string, Record<string, string | undefined>, string][] = [
    ['TARO_APP_CLOUD_ENV', env, ''],
    ['TARO_APP_CLOUD_ENV', files, inFiles],
    ['ENV_ID', env, ''],
    ['ENV_ID', files, inFiles],
  ]
  for (const [name, vars, where] of order)
    if (vars[name]) return { envId: vars[name], source: where ? `${name} ${where}` : name }
  return { envId: '', source: '未设置 / not set (DevTools 当前环境)' }
}

/** What a production weapp build says when no environment id is configured. */
export const MISSING_CLOUD_ENV_MESSAGE =
  '生产构建缺少云开发环境 ID：请设置 ENV_ID（或 TARO_APP_CLOUD_ENV），在命令行或 .env.local 中，' +
  '例如 ENV_ID=nuanxin-7g3x9abc。\n' +
  'Production weapp build needs a CloudBase environment id: set ENV_ID (or TARO_APP_CLOUD_ENV) in ' +
  'the shell or .env.local, e.g. ENV_ID=nuanxin-7g3x9abc.'

/**
 * The environment of a production weapp build, which must name one: `cloud.init({ env })` with
 * none would follow DevTools' current selection at upload time, silently.
 */
export function requireWeappCloudEnv(
  root: string,
  mode = 'production',
  env: Record<string, string | undefined> = process.env,
): CloudEnvChoice {
  const choice = weappCloudEnv(root, mode, env)
  if (!choice.envId) throw new Error(MISSING_CLOUD_ENV_MESSAGE)
  return choice
}
