/**
 * CLI: npx tsx local/tcb/main.ts [--port N] [--host H] [--data DIR] [--config cloudbaserc.json]
 *                               [--in-memory] [--no-fsync] [--implicit-collections]
 *                               [--count-unchanged]
 *
 * Prints `LOCAL_TCB_READY <url>` once it accepts connections; SIGINT/SIGTERM close it cleanly
 * (kill -9 is fine too: acknowledged writes are already on disk).
 */
import { startLocalTcb } from './server'

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`)
    const [k, inline] = a.slice(2).split('=', 2)
    if (inline !== undefined) out[k] = inline
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i]
    else out[k] = true
  }
  return out
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const str = (k: string): string | undefined =>
    typeof args[k] === 'string' ? (args[k] as string) : undefined
  const port = str('port') !== undefined ? Number(str('port')) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535')
  const tcb = await startLocalTcb({
    port,
    host: str('host'),
    dataDir: str('data'),
    indexConfigPath: str('config'),
    inMemory: args['in-memory'] === true,
    fsync: args['no-fsync'] === true ? false : undefined,
    implicitCollections: args['implicit-collections'] === true,
    countUnchanged: args['count-unchanged'] === true,
  })
  const r = tcb.loadReport
  if (r) {
    process.stderr.write(
      `[local-tcb] loaded ${r.docs} documents in ${r.ms} ms${r.recovered ? ' (after an unclean shutdown)' : ''}\n`,
    )
  }
  process.stdout.write(`LOCAL_TCB_READY ${tcb.url}\n`)
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    tcb.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`[local-tcb] close failed: ${String(e)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`[local-tcb] ${(e as Error).message ?? String(e)}\n`)
  process.exit(1)
})
