import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file system path of a `file:` URI, or undefined for other schemes (untitled, git…). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return fileURLToPath(uri); } catch { return undefined; }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * One key per file whatever the URI spelling: VS Code escapes more characters than Node's pathToFileURL,
 * so the same file may reach us as two different URI strings (from the editor and from a folder scan).
 */
export function fileKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}
