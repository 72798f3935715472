import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true, target: 'es2022' },
  // One copy of yjs in the bundle, or instanceof checks break (yjs issue 438).
  resolve: { dedupe: ['yjs', 'y-protocols', 'lib0', '@tiptap/pm'] },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/ws': { target: 'ws://127.0.0.1:8080', ws: true } } },
});
