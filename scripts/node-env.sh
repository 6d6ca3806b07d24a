# Source this file (". scripts/node-env.sh") to put a Node.js >= 22.12 first on PATH.
# The project targets Node 24 LTS. Where the system Node is older, Node 24 is installed from the
# npm registry into .tools/node (ignored by git) once, and reused after that.
mca_node_version="24.21.0"
mca_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
mca_tools="$mca_root/.tools/node"

mca_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$mca_tools/node_modules/.bin/node" ]; then
  PATH="$mca_tools/node_modules/.bin:$PATH"; export PATH
fi
if ! mca_node_ok; then
  echo "node-env: system Node $(node -v 2>/dev/null || echo none) is too old; installing node@$mca_node_version into .tools/node" >&2
  mkdir -p "$mca_tools"
  npm install --prefix "$mca_tools" --no-save --no-audit --no-fund --loglevel=error "node@$mca_node_version" >&2 || {
    echo "node-env: could not install node@$mca_node_version from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  PATH="$mca_tools/node_modules/.bin:$PATH"; export PATH
  mca_node_ok || { echo "node-env: installed Node does not run" >&2; return 1 2>/dev/null || exit 1; }
fi
unset mca_node_version mca_root mca_tools
unset -f mca_node_ok
