/**
 * npm run deploy [-- --dry-run] [--config <cloudbaserc.json>] [--no-build] [--today YYYY-MM-DD]
 *
 * Deploys this repository to the CloudBase environment ENV_ID: builds the functions, checks
 * cloudbaserc.json against the code (scripts/cloudbase-config.ts), prints the plan, then
 *   1. database: creates missing collections, adds missing / changed indexes, sets every
 *      collection's rule to ADMINONLY;
 *   2. storage: the bucket's custom rule;
 *   3. functions: `tcb fn deploy <name> --force` (code, config, envVariables, timer trigger);
 *   4. the function invoke rule (only `api` may be called from the mini-program).
 * Collections come first: the scheduler runs every minute from the moment it exists.
 *
 * @cloudbase/cli 2.x has no command for collections, indexes or rules (`tcb db` is about data
 * models), so steps 1, 2 and 4 use @cloudbase/manager-node — the library the CLI itself is built
 * on, at the version it bundles. Credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY
 * (and TENCENTCLOUD_SESSIONTOKEN for temporary keys), which the CLI reads as well.
 *
 * --dry-run needs no credentials and sends nothing: it builds, validates and prints the plan,
 * exiting 1 on any problem, like the real run would before changing anything.
 */
import CloudBase from '@cloudbase/manager-node'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readEnvFiles, weappCloudEnv } from '../config/cloud-env'
import type { IndexSpec } from '../config/database'
import { buildFunctions, FUNCTIONS } from './build-functions'
import { checkConfig, formatPlan, type Plan } from './cloudbase-config'
import { wallClock } from '../src/clock'
import { formatLocal } from '../src/domain/time'

const root = path.resolve(__dirname, '..')

interface Options {
  dryRun: boolean
  build: boolean
  config: string
  /** The Beijing date the checks look ahead from (the calendar's 90 days); default: today. */
  today: string
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    dryRun: false,
    build: true,
    config: path.join(root, 'cloudbaserc.json'),
    today: formatLocal(wallClock(), 'YYYY-MM-DD'),
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--dry-run') opts.dryRun = true
    else if (a === '--no-build') opts.build = false
    else if (a === '--config' && argv[i + 1]) opts.config = path.resolve(argv[++i])
    else if (a === '--today' && /^\d{4}-\d{2}-\d{2}$/.test(argv[i + 1] ?? '')) opts.today = argv[++i]
    else
      throw new Error(
        `未知参数 ${a}；可用：--dry-run、--config <文件>、--no-build、--today YYYY-MM-DD / unknown argument`,
      )
  }
  return opts
}

type Manager = InstanceType<typeof CloudBase>

/** Collections, indexes and their rules. */
async function deployDatabase(app: Manager, plan: Plan): Promise<void> {
  const db = app.database
  for (const c of plan.collections) {
    const created = await db.createCollectionIfNotExists(c.name)
    const existing = (await db.describeCollection(c.name)).Indexes ?? []
    const keysOf = (spec: IndexSpec) => spec.fields.map((f, i) => `${f}:${spec.directions[i]}`).join(',')
    const changed: string[] = []
    const missing: IndexSpec[] = []
    for (const spec of c.indexes) {
      const found = existing.find((e) => e.Name === spec.name)
      if (!found) missing.push(spec)
      else if ((found.Keys ?? []).map((k) => `${k.Name}:${k.Direction}`).join(',') !== keysOf(spec)) {
        changed.push(spec.name)
        missing.push(spec)
      }
    }
    if (changed.length)
      await db.updateCollection(c.name, { DropIndexes: changed.map((IndexName) => ({ IndexName })) })
    if (missing.length)
      await db.updateCollection(c.name, {
        CreateIndexes: missing.map((spec) => ({
          IndexName: spec.name,
          MgoKeySchema: {
            MgoIsUnique: spec.unique,
            MgoIndexKeys: spec.fields.map((Name, i) => ({ Name, Direction: String(spec.directions[i]) })),
          },
        })),
      })
    await app.commonService().call({
      Action: 'ModifyDatabaseACL',
      Param: { EnvId: plan.envId, CollectionName: c.name, AclTag: c.acl },
    })
    const kept = existing.filter((e) => e.Name !== '_id_' && !c.indexes.some((s) => s.name === e.Name))
    console.log(
      `  ✓ ${c.name}${created.IsCreated ? ' (新建)' : ''}: +${missing.length} 索引` +
        (changed.length ? `（重建 ${changed.join(', ')}）` : '') +
        (kept.length ? `；未声明的索引保留 ${kept.map((e) => e.Name).join(', ')}` : '') +
        `；规则 ${c.acl}`,
    )
  }
}

function tcb(args: string[], mayExist = false): void {
  const bin = path.join(root, 'node_modules/.bin/tcb')
  console.log(`  $ tcb ${args.join(' ')}`)
  const res = spawnSync(bin, args, {
    cwd: root,
    stdio: mayExist ? 'pipe' : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  })
  if (mayExist) process.stdout.write(`${res.stdout ?? ''}${res.stderr ?? ''}`)
  // A path created by an earlier deploy is there already: nothing to do.
  if (mayExist && res.status !== 0 && /already exists|已存在/i.test(`${res.stdout}${res.stderr}`)) return
  if (res.status !== 0) throw new Error(`tcb ${args.slice(0, 4).join(' ')} 失败（退出码 ${res.status}）`)
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2))
  // Variables as the CLI sees them when it renders cloudbaserc.json: env files, then the shell.
  const vars: Record<string, string | undefined> = {
    ...readEnvFiles(root, ['.env', '.env.local']),
    ...process.env,
  }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(opts.config, 'utf8'))
  } catch (e) {
    console.error(`✗ 无法读取 ${opts.config}：${(e as Error).message}`)
    return 1
  }
  if (opts.build) {
    await buildFunctions(true, raw as { functions?: unknown })
    console.log(`已打包云函数 ${FUNCTIONS.join(', ')}`)
  }
  const weapp = weappCloudEnv(root, 'production', process.env)
  const { plan, rendered, errors, warnings } = checkConfig({
    raw,
    vars,
    root,
    built: FUNCTIONS,
    weapp,
    today: opts.today,
  })
  console.log(`\n${formatPlan(plan)}\n`)
  for (const w of warnings) console.log(`! ${w}`)
  if (errors.length) {
    console.error(
      `\n✗ 发现 ${errors.length} 个问题，未做任何更改 / ${errors.length} problem(s), nothing changed:`,
    )
    for (const e of errors) console.error(`  ✗ ${e}`)
    return 1
  }
  if (opts.dryRun) {
    console.log('\n✓ 检查通过（演练：未连接云端，未做任何更改）/ dry run OK: nothing was sent')
    return 0
  }

  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  if (!secretId || !secretKey) {
    console.error(
      '✗ 需要 TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY（腾讯云 API 密钥）：数据库与安全规则的部署' +
        '不能使用 tcb login 的网页授权 / set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY',
    )
    return 1
  }
  const app = new CloudBase({
    secretId,
    secretKey,
    token: process.env.TENCENTCLOUD_SESSIONTOKEN,
    envId: plan.envId,
  })

  console.log('1/4 数据库集合、索引与规则')
  await deployDatabase(app, plan)

  console.log('2/4 存储安全规则')
  await app.storage.setStorageAcl('CUSTOM', plan.storage)
  console.log('  ✓ CUSTOM')

  console.log('3/4 云函数与触发器')
  // The rendered declaration: no template left for the CLI to resolve differently.
  const deployConfig = path.join(root, 'dist', 'cloudbaserc.deploy.json')
  mkdirSync(path.dirname(deployConfig), { recursive: true })
  writeFileSync(deployConfig, `${JSON.stringify(rendered, null, 2)}\n`)
  for (const f of plan.functions)
    tcb(['--config-file', deployConfig, 'fn', 'deploy', f.name, '--force', '--yes', '-e', plan.envId])
  // HTTP access (云接入): the open311 function's public path.
  for (const h of plan.httpServices)
    tcb(['service', 'create', '-p', h.path, '-f', h.function, '-e', plan.envId], true)

  console.log('4/4 云函数安全规则')
  await app.commonService().call({
    Action: 'ModifySecurityRule',
    Param: {
      EnvId: plan.envId,
      ResourceType: 'FUNCTION',
      AclTag: 'CUSTOM',
      Rule: JSON.stringify(plan.functionRules),
    },
  })
  console.log('  ✓ CUSTOM')

  console.log(
    `\n✓ 已部署到 ${plan.envId}。云调用权限（config.json）由微信开发者工具上传云函数时登记；` +
      '若发送订阅消息报 -604101，请在开发者工具中对 dist/cloudfunctions 下的函数各“上传并部署”一次。',
  )
  return 0
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`✗ 部署失败 / deploy failed: ${err.message}`)
    process.exit(1)
  },
)
