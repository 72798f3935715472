import { defineConfig } from 'vite';
import { precompressPlugin } from './server/http/precompress.ts';

export default defineConfig({
  root: 'client',
  // .br/.gz beside each asset, served by server/static.ts (no compression per request).
  plugins: [precompressPlugin()],
  // One page, one bundle (~190 kB gzipped, mostly ProseMirror + Yjs): nothing to gain from splitting.
  build: { outDir: '../dist/client', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 800 },
  // One copy of yjs in the bundle, or instanceof checks break (yjs issue 438).
  resolve: { dedupe: ['yjs', 'y-protocols', 'lib0', '@tiptap/pm'] },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/ws': { target: 'ws://127.0.0.1:8080', ws: true } } },
});
