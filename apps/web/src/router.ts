import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/market/BTCUSDT`): a static host such as S3 + CloudFront or the gateway serves one index.html
 * for every view, with no rewrite rules.
 */
function subscribe(listener: () => void): () => void {
  globalThis.addEventListener('hashchange', listener);
  return () => globalThis.removeEventListener('hashchange', listener);
}

export function useRoute(): string[] {
  const hash = useSyncExternalStore(subscribe, () => globalThis.location.hash);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

export function navigate(...parts: string[]): void {
  globalThis.location.hash = href(...parts);
}
