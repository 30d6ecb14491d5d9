// pnpm pack / publish: the published manifest of a package keeps what installs and runs it. Its
// devDependencies (build tools, and the workspace packages it bundles, which are not published)
// and its build scripts stay here.
module.exports = {
  hooks: {
    beforePacking(pkg) {
      delete pkg.devDependencies;
      delete pkg.scripts;
      return pkg;
    },
  },
};
