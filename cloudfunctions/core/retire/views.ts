/** How a retired thing reads to the admin (issue 18, part 3). */
import type { RetiredDoc } from '../model'

export function retiredView(r: RetiredDoc | undefined) {
  return r ? { at: new Date(r.at).toISOString(), byName: r.by.name, reason: r.reason } : null
}
