import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Connect, Plugin } from "vite";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const deployments = resolve(import.meta.dirname, "..", "deployments");

/** Serves the address books `inktensor deploy` writes, at /deployments/<network>.json. */
function serveDeployments(): Plugin {
  const middleware: Connect.NextHandleFunction = (request, response, next) => {
    const match = /^\/deployments\/([\w-]+\.json)$/.exec(request.url?.split("?")[0] ?? "");
    if (!match) return next();
    readFile(join(deployments, match[1]))
      .then((body) => {
        response.setHeader("Content-Type", "application/json");
        response.setHeader("Cache-Control", "no-store");
        response.end(body);
      })
      .catch(() => {
        response.statusCode = 404;
        response.end(`no deployment record ${match[1]}: run inktensor deploy or inktensor dev-node`);
      });
  };
  return {
    name: "inktensor-deployments",
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  plugins: [react(), serveDeployments()],
  server: { host: "127.0.0.1", fs: { allow: [".."] } },
  preview: { host: "127.0.0.1" },
  test: { include: ["test/**/*.test.ts"] },
});
