/** Where printed codes point: the H5 site (set per deployment; the local host sets its own). */
export function publicUrl(): string {
  return (process.env.PUBLIC_H5_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
}
