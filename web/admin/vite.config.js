import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the built console at /admin (ADMIN_DIR); `npm run dev`
// proxies the API to a running stack (COPYDESK_URL, default :8080).
const target = process.env.COPYDESK_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  server: { proxy: { '/api': target, '/auth': target } },
});
