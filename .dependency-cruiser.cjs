// The architecture, as rules that CI checks (`npm run deps`). Read top to bottom, this file is the map:
//
//   src/cli.ts, server.ts, app.ts   process entry points and the HTTP app
//   src/container.ts                the composition root: picks the implementations, builds the modules
//   src/config/, config.ts          settings
//   src/infra/                      generic machinery: db, queue, cache, locks, budgets, crypto, browser, http
//   src/kaspi/                      the client of Kaspi (cabinet, storefront, pricefeed, login)
//   src/engine/                     the pricing decision: pure functions, no I/O
//   src/http/                       the HTTP edge: auth, error mapping, pagination, validation
//   src/modules/<feature>/          one feature: index.ts (its public face), service, repository, routes, schemas
//   sim/                            the Kaspi simulator: a stand-in for Kaspi, not a part of us
//
// Paths in the rules are relative to the repository root. Only src/ and sim/ are constrained:
// test/, bench/ and scripts/ may import anything (tests reach into modules and run real repositories).

/** Files under src/infra/ that are one concrete choice among several (Redis or memory, BullMQ or in-process). */
const IMPLEMENTATIONS = '^src/infra/.+/(redis|memory|bullmq|in-process)-[^/]+\\.ts$';

/** The HTTP framework, wherever npm puts it. */
const FASTIFY = '(^|/)node_modules/(fastify|@fastify/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment:
        'src/engine/ is the pricing decision and the scheduling maths: pure functions of their inputs, proved by property tests. ' +
        'It imports nothing outside src/engine/: no kaspi/, modules/, infra/, http/, no node: I/O, no npm package.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { pathNot: '^src/engine/' },
    },
    {
      name: 'sim-knows-nothing-of-us',
      comment:
        'sim/ stands in for Kaspi, so it must behave like Kaspi, not like our code: it imports nothing from src/. ' +
        'What both sides need (wire formats) each side writes down for itself, from kaspi-protocol.md.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^src/' },
    },
    {
      name: 'kaspi-is-a-client',
      comment:
        'src/kaspi/ is a client of Kaspi. It may use src/infra/ (HTTP dispatchers, browser pool, budgets, locks), ' +
        'but knows nothing of our features (src/modules/) or our HTTP server (src/http/, fastify). ' +
        'Modules call kaspi/, never the other way round.',
      severity: 'error',
      from: { path: '^src/kaspi/' },
      to: { path: ['^src/(modules|http)/', FASTIFY] },
    },
    {
      name: 'infra-is-generic',
      comment:
        'src/infra/ is machinery any service could reuse: db, queue, cache, locks, budgets, crypto, browser, http. ' +
        'It imports nothing from the layers above it: src/modules/, src/kaspi/, src/http/, src/engine/.',
      severity: 'error',
      from: { path: '^src/infra/' },
      to: { path: '^src/(modules|kaspi|http|engine)/' },
    },
    {
      name: 'repositories-are-private',
      comment:
        'A module owns its tables: all its SQL is in its *.repository.ts files, and only files of the same ' +
        'module import them. Another module asks for data through that module\'s service.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'repositories-are-private',
      comment:
        'A module owns its tables: outside src/modules/ (the composition root included), nothing in src/ ' +
        'imports a repository; a module\'s index.ts builds its own repositories.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/.*\\.repository\\.ts$' },
    },
    {
      name: 'modules-meet-through-their-index',
      comment:
        'A module\'s public face is its index.ts (the create<Feature>Module factory and the types others need). ' +
        'A file in src/modules/<a>/ imports from another module <b> only through src/modules/<b>/index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      // (A repository of another module is reported by repositories-are-private instead.)
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '\\.repository\\.ts$'] },
    },
    {
      name: 'modules-meet-through-their-index',
      comment:
        'The rest of src/ sees a module the same way: the composition root calls create<Feature>Module from its ' +
        'index.ts, and the app registers the routes that factory returns, so nothing reaches into a module\'s files.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/index\\.ts$', '\\.repository\\.ts$'] },
    },
    {
      name: 'services-know-no-http',
      comment:
        'Services hold the rules and throw domain errors with code enums; the HTTP edge (src/http/) maps codes to ' +
        'statuses. So in src/modules/ only *.routes.ts and *.schemas.ts touch src/http/ or fastify. ' +
        'A logger type comes from src/infra/logger.ts, not from fastify.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: ['\\.routes\\.ts$', '\\.schemas\\.ts$', '^src/modules/[^/]+/index\\.ts$', '^src/modules/module\\.ts$'] },
      to: { path: ['^src/http/', FASTIFY] },
    },
    {
      name: 'services-know-no-http',
      comment:
        'A module\'s index.ts wires its parts and hands its routes plugin to the app (src/modules/module.ts says ' +
        'what a module is): they may name fastify types (import type, erased at run time) but import no fastify ' +
        'code and nothing from src/http/.',
      severity: 'error',
      from: { path: ['^src/modules/[^/]+/index\\.ts$', '^src/modules/module\\.ts$'] },
      to: { path: ['^src/http/', FASTIFY], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-the-composition-root-picks-implementations',
      comment:
        'Which backing service runs (Redis or memory, BullMQ or in-process) is decided in one place: src/container.ts ' +
        '(and a module\'s index.ts if it must build one). Everything else sees the interfaces (JobQueue, Cache, ' +
        'LockManager, the budget store) and works the same in both modes.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/container\\.ts$', '^src/modules/[^/]+/index\\.ts$'] },
      to: { path: IMPLEMENTATIONS },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles, type-only ones included: the layers and the modules form a tree, so which one is above ' +
        'which is never in doubt, and start-up order cannot bite. (There are none today. Should a type-only cycle ' +
        'ever be the lesser evil, `viaOnly: { dependencyTypesNot: [\'type-only\'] }` on `to` allows just those.)',
      severity: 'error',
      from: { path: '^(src|sim)/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment:
        'A file under src/ that nothing imports is dead code (or a forgotten wiring). ' +
        'The process entry point src/cli.ts is the one root; type declaration files are exempt.',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: ['^src/cli\\.ts$', '\\.d\\.ts$'] },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'src/ and sim/ run in production and in `npm run sim`, where `npm ci --omit=dev` leaves devDependencies out. ' +
        'Type-only imports are erased at run time and may name dev-only types (@types/*).',
      severity: 'error',
      from: { path: '^(src|sim)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },
  ],

  options: {
    // Type-only imports are part of the architecture too (a service that names a fastify type knows about HTTP).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^migrations/', '(^|/)\\.data/'] },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.mjs', '.js', '.d.ts', '.json'],
    },
    reporterOptions: {
      // `npm run deps:graph`: src/ drawn with every top-level folder and every feature module as one box.
      archi: { collapsePattern: '^src/(modules/[^/]+|[^/]+)' },
      mermaid: { minify: false },
      text: { highlightFocused: true },
    },
  },
};
