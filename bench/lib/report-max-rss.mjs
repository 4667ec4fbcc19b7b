// Preloaded into measured child processes (`node --import`): prints the peak RSS at exit.
// Plain JavaScript, so it also loads into CLIs that run without the TypeScript loader.
process.on("exit", () => {
  process.stderr.write(`\nMAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
