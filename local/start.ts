/**
 * `npm start`: builds what is stale (cloud functions always, the H5 app when src/ is newer than
 * its build), starts the local host and prints where everything is.
 *
 *   npm start                 http://127.0.0.1:8080
 *   npm start -- --reset      wipe .data/ and seed the demo community again
 *   npm start -- --host 0.0.0.0   let a phone on the LAN in
 *   PORT=9000 npm start
 *   npm start -- --no-build   skip the builds, serve what dist/ has
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import { buildFunctions } from '../scripts/build-functions'
import { demoBuildings, DEMO_IDENTITIES } from './demo'
import { startHost } from './host'
import { h5Url } from '../src/domain/links'

const ROOT = path.resolve(__dirname, '..')

export function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

export function ensureH5Build(): void {
  const index = path.join(ROOT, 'dist/h5/index.html')
  const sources = Math.max(newestMtime(path.join(ROOT, 'src')), newestMtime(path.join(ROOT, 'config')))
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return
  console.log('正在构建 H5 页面（首次约需一两分钟）…')
  // On a terminal the build shows its progress; in tests and CI its progress bar would drown
  // the log, so it is kept and printed only if the build fails.
  const quiet = !process.stdout.isTTY
  const result = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: ROOT,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Always a production build: under jest NODE_ENV is 'test', which would make Taro emit
    // React-refresh hooks that break the page outside a dev server.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0 && quiet) console.error(result.stdout, result.stderr)
  if (result.status !== 0) throw new Error('H5 构建失败')
}

function shownDir(dir: string): string {
  const rel = path.relative(ROOT, dir)
  return rel && !rel.startsWith('..') ? rel : dir
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return undefined
}

async function main(): Promise<void> {
  const bindHost = arg('--host') ?? '127.0.0.1'
  const port = Number(arg('--port') ?? process.env.PORT ?? 8080)
  // --no-build: serve what is already built (tests that restart the host many times).
  if (!process.argv.includes('--no-build')) {
    await buildFunctions()
    ensureH5Build()
  }
  const host = await startHost({
    port,
    host: bindHost,
    reset: process.argv.includes('--reset'),
    schedulerIntervalMs: 60_000,
  })
  const base = bindHost === '0.0.0.0' ? `http://${lanAddress() ?? '127.0.0.1'}:${host.port}` : host.url
  // Printed check-in codes must open on a phone too.
  process.env.PUBLIC_H5_URL = base

  console.log(
    `\n暖心网格 已启动（本地 CloudBase 兼容环境：${host.tcbUrl}，数据目录 ${shownDir(host.dataDir)}）\n`,
  )
  console.log(`  应用首页        ${h5Url(base, 'pages/index/index')}`)
  console.log(`  选择身份（开发）  ${h5Url(base, 'pages/dev/index')}`)
  console.log(`  云函数          POST ${base}/fn/api   （请求头 X-Dev-OpenId 指定身份）`)
  console.log('  定时任务        scheduler 每分钟运行一次（超时上报、超期催办、7天未评价自动完结）\n')
  console.log('演示身份：')
  for (const d of DEMO_IDENTITIES) console.log(`  ${d.openid.padEnd(18)} ${d.name}  ${d.description}`)
  console.log('\n各楼栋二维码（扫码即打开该楼栋的入口）：')
  for (const b of demoBuildings()) {
    const url = h5Url(base, 'pages/bind/index', { scene: b._id })
    console.log(`\n  ${b._id} ${b.name}  ${url}`)
    console.log(await QRCode.toString(url, { type: 'terminal', small: true }))
  }
  if (bindHost !== '127.0.0.1' && bindHost !== 'localhost') {
    // The dev identity header is the whole of local "login": on a LAN it is everyone's to use.
    console.warn(
      [
        '',
        '!!! 注意 / WARNING',
        `!!! 本地主机正在监听 ${bindHost}：同一网络中的任何人都可以用请求头 X-Dev-OpenId 冒充任何演示身份`,
        '!!! （包括社区管理员），读取和修改本地数据。只在可信的网络中这样做；不需要时请去掉 --host，',
        '!!! 主机只监听 127.0.0.1。 Anyone on this network can act as any demo identity (X-Dev-OpenId):',
        '!!! use --host only on a network you trust; without it the host listens on 127.0.0.1 only.',
        '',
      ].join('\n'),
    )
  }
  console.log('按 Ctrl+C 停止。')
  const stop = () => {
    host.close().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
