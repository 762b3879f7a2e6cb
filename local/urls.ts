/** URLs of H5 pages (hash router), so a printed QR code opens the same page a weapp code would. */
export function h5Url(base: string, page: string, query: Record<string, string> = {}): string {
  const qs = new URLSearchParams(query).toString()
  return `${base}/#/${page}${qs ? `?${qs}` : ''}`
}
