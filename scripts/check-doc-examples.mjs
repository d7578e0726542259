// Typechecks every TypeScript example in the docs, so they cannot rot:
// - every ```ts / ```typescript fence inside a `/** … */` doc comment in packages/*/src (the `@module`
//   blocks and `@example`s), and
// - every ```ts / ```typescript fence in docs/**/*.md (the guides), and
// - every ```ts / ```typescript / ```tsx fence in the READMEs (README.md, packages/*/README.md,
//   examples/*/README.md): they are what people copy first.
//
// Each example is written to .doc-examples/ as its own module and typechecked with the TypeScript API
// against the workspace sources (`@lifeline/*` → packages/*/src/index.ts, like the root tsconfig).
//
// Conventions for fragments (documented in docs/README.md):
// - Names exported by a `@lifeline/*` package, and `z` from zod, are imported automatically when an
//   example uses them without declaring or importing them (an example's own imports always win).
// - The app-level names that examples take for granted (`lifeline`, `sendReceipt`, `mailer`, `sql`,
//   `stripe`, …) are declared, with real types, in docs/doc-examples.d.ts.
// - A fence marked ```ts no-check is not checked (keep these rare: they are counted in the summary).
// - A fence marked ```ts standalone is checked on its own: no automatic imports and no docs/doc-examples.d.ts,
//   so it compiles exactly as a reader would paste it (the README quick starts use this).
//
// Usage: node scripts/check-doc-examples.mjs [--keep] [--list]
//   --keep  leave .doc-examples/ in place (it is deleted after a run otherwise)
//   --list  print every example checked, with where it comes from
// Exit code 1 when any example fails to typecheck; the last line is a one-line summary.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(join(root, 'package.json'))('typescript');
const outDir = join(root, '.doc-examples');
const contextFile = join(root, 'docs', 'doc-examples.d.ts');
const args = new Set(process.argv.slice(2));
const CHECKED_LANGS = new Set(['ts', 'typescript', 'tsx']);

/** Files under `dir` (recursively) whose name passes `keep`. */
function walk(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'api' ? [] : walk(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const packageNames = readdirSync(join(root, 'packages')).filter((name) =>
  existsSync(join(root, 'packages', name, 'src', 'index.ts')),
);

/**
 * Finds fenced blocks in `lines` (already stripped of comment decoration). `firstLine` is the 1-based
 * line of lines[0] in the source file.
 */
function fences(lines, firstLine) {
  const found = [];
  let open;
  lines.forEach((line, index) => {
    const match = /^(\s*)(`{3,})\s*([\w-]*)\s*(.*)$/.exec(line);
    if (!open) {
      if (match)
        open = {
          indent: match[1].length,
          ticks: match[2],
          lang: match[3],
          info: match[4],
          start: index,
          body: [],
        };
      return;
    }
    if (match && match[2] === open.ticks && match[3] === '' && match[4] === '') {
      found.push({
        lang: open.lang.toLowerCase(),
        flags: open.info.split(/\s+/).filter(Boolean),
        line: firstLine + open.start + 1,
        code: open.body.join('\n'),
      });
      open = undefined;
      return;
    }
    open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
  });
  return found;
}

/** The fenced blocks of every `/** … *\/` comment in a TypeScript source. */
function docCommentBlocks(text) {
  const blocks = [];
  for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = text.slice(0, match.index).split('\n').length;
    const lines = match[0]
      .replace(/^\/\*\*/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''));
    blocks.push(...fences(lines, firstLine));
  }
  return blocks;
}

const sources = [
  ...packageNames.flatMap((name) =>
    walk(
      join(root, 'packages', name, 'src'),
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    ).map((file) => ({ file, pkg: name, blocks: docCommentBlocks(readFileSync(file, 'utf8')) })),
  ),
  ...[...walk(join(root, 'docs'), (file) => file.endsWith('.md')), ...readmes()].map((file) => ({
    file,
    pkg: undefined,
    blocks: fences(readFileSync(file, 'utf8').split('\n'), 1),
  })),
];

/** The repository README and every package's and example's README. */
function readmes() {
  const inFolders = (folder) =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder))
          .map((name) => join(root, folder, name, 'README.md'))
          .filter((file) => existsSync(file))
      : [];
  return [join(root, 'README.md'), ...inFolders('packages'), ...inFolders('examples')];
}

// ---- what each package exports (names, and whether each is a value), for the automatic imports ----

const rootConfig = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
/** The root tsconfig's `@lifeline/*` paths (subpaths such as `@lifeline/core/adapter` included), from .doc-examples/. */
const workspacePaths = Object.fromEntries(
  Object.entries(rootConfig.options.paths ?? {}).map(([pattern, targets]) => [
    pattern,
    targets.map((target) => relative(outDir, resolve(rootConfig.options.pathsBasePath ?? root, target))),
  ]),
);
/** Every package entry: `src/index.ts` (`@lifeline/<name>`) and, where present, `src/adapter.ts` (`/adapter`). */
const entries = packageNames.flatMap((name) => [
  {
    pkg: name,
    module: `@lifeline/${name}`,
    file: join(root, 'packages', name, 'src', 'index.ts'),
    subpath: false,
  },
  ...(existsSync(join(root, 'packages', name, 'src', 'adapter.ts'))
    ? [
        {
          pkg: name,
          module: `@lifeline/${name}/adapter`,
          file: join(root, 'packages', name, 'src', 'adapter.ts'),
          subpath: true,
        },
      ]
    : []),
]);
const entryFiles = entries.map((entry) => entry.file);
const commentFiles = sources.filter((source) => source.pkg).map((source) => source.file);
const exportsProgram = ts.createProgram([...entryFiles, ...commentFiles], {
  ...rootConfig.options,
  noEmit: true,
});
const checker = exportsProgram.getTypeChecker();

/** The names a module exports, and whether each is a value (else a type). */
function exportsOf(file) {
  const source = exportsProgram.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return { name: symbol.name, isValue: (target.flags & ts.SymbolFlags.Value) !== 0 };
  });
}

/** name → [{ pkg, isValue }] in package order. */
const exported = new Map();
for (const [index, file] of entryFiles.entries()) {
  const { pkg, module, subpath } = entries[index];
  for (const { name, isValue } of exportsOf(file)) {
    exported.set(name, [...(exported.get(name) ?? []), { pkg, module, subpath, isValue }]);
  }
}

/** Names a snippet declares at its top level (imports included), and every identifier it mentions. */
function namesOf(code) {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const declared = new Set();
  const used = new Set();
  const bind = (name) => {
    if (!name) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name))
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      bind(clause.name);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bind(named.name);
      if (named && ts.isNamedImports(named)) for (const element of named.elements) bind(element.name);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)
    ) {
      bind(statement.name);
    }
  }
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isPropertySignature(parent) && parent.name === node) ||
        (ts.isQualifiedName(parent) && parent.right === node);
      if (!isMemberName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { declared, used };
}

/**
 * `import` lines for the names `code` uses but neither declares nor imports: from a `@lifeline/*` package
 * (the example's own first, then core), else from the source file the example documents (for internal
 * helpers, which no package exports).
 */
function autoImports(code, ownPackage, ownFile, fromDir) {
  const { declared, used } = namesOf(code);
  const byModule = new Map();
  const add = (module, spec) => byModule.set(module, [...(byModule.get(module) ?? []), spec]);
  // Main entries before `/adapter` subpaths; the example's own package first, then core.
  const preference = ({ pkg, subpath }) =>
    (subpath ? 3 : 0) + (pkg === ownPackage ? 0 : pkg === 'core' ? 1 : 2);
  const local = new Map(ownFile ? exportsOf(ownFile).map((entry) => [entry.name, entry]) : []);
  for (const name of [...used].sort()) {
    if (declared.has(name)) continue;
    if (name === 'z') {
      add('zod', 'z');
      continue;
    }
    const candidates = exported.get(name);
    if (candidates) {
      const best = [...candidates].sort((a, b) => preference(a) - preference(b))[0];
      add(best.module, best.isValue ? name : `type ${name}`);
    } else if (local.has(name)) {
      add(relative(fromDir, ownFile), local.get(name).isValue ? name : `type ${name}`);
    }
  }
  return [...byModule].map(([module, specs]) => `import { ${specs.join(', ')} } from '${module}';`);
}

// ---- write the examples as files ----

rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'node_modules'), { recursive: true });
// Leave nothing behind (biome and git would see it), also when the run throws; --keep keeps it to look at.
if (!args.has('--keep')) process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));

// Vendor SDKs (stripe, inngest, resend, @slack/webhook, pg, PGlite…) are dependencies of the packages,
// not of the repository root: link them where the examples can resolve them.
const moduleFolders = [
  ...packageNames.map((name) => join(root, 'packages', name, 'node_modules')),
  ...(existsSync(join(root, 'examples'))
    ? readdirSync(join(root, 'examples')).map((name) => join(root, 'examples', name, 'node_modules'))
    : []),
];
for (const modules of moduleFolders) {
  if (!existsSync(modules)) continue;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.') || entry === '@lifeline') continue;
    const targets = entry.startsWith('@')
      ? readdirSync(join(modules, entry)).map((scoped) => `${entry}/${scoped}`)
      : [entry];
    for (const target of targets) {
      const link = join(outDir, 'node_modules', target);
      if (existsSync(link)) continue;
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(modules, target), link, 'dir');
    }
  }
}

/**
 * Collects the examples. A block is one example file, except:
 * - ```ts continues: appended to the previous checked block of the same document (one file);
 * - ```ts file=path/name.ts: written under that path in a folder of its own document, so the document's
 *   other blocks can import it by a relative path (multi-file recipes).
 */
const examples = [];
let unchecked = 0;
for (const { file, pkg, blocks } of sources) {
  const where = relative(root, file);
  const slug = where.replace(/[^A-Za-z0-9]+/g, '_');
  let previous;
  for (const block of blocks) {
    if (!CHECKED_LANGS.has(block.lang)) continue;
    if (block.flags.includes('no-check')) {
      unchecked++;
      if (args.has('--list')) console.log(`unchecked  ${where}:${block.line}`);
      continue;
    }
    if (args.has('--list')) console.log(`checked    ${where}:${block.line}`);
    if (block.flags.includes('continues')) {
      if (!previous)
        throw new Error(`${where}:${block.line}: a \`continues\` block needs a checked block before it`);
      previous.segments.push({ fenceLine: block.line, code: block.code });
      continue;
    }
    const named = block.flags.find((flag) => flag.startsWith('file='))?.slice('file='.length);
    const extension = block.lang === 'tsx' ? 'tsx' : 'ts';
    const standalone = block.flags.includes('standalone');
    const path = named
      ? join(outDir, slug, named)
      : join(outDir, standalone ? 'standalone' : '', `${slug}_L${block.line}.${extension}`);
    previous = {
      path,
      where,
      pkg,
      standalone,
      ownFile: pkg ? file : undefined,
      segments: [{ fenceLine: block.line, code: block.code }],
    };
    examples.push(previous);
  }
}

for (const example of examples) {
  const code = example.segments.map((segment) => segment.code).join('\n');
  const imports = example.standalone
    ? []
    : autoImports(code, example.pkg, example.ownFile, dirname(example.path));
  const header = [`// ${example.where}:${example.segments[0].fenceLine}`, ...imports, ''];
  // Where each segment starts in the file (0-based), so errors map back to the document's lines. The
  // header's last element is '', so the code starts on the header's last line.
  let line = header.length - 1;
  for (const segment of example.segments) {
    segment.startLine = line;
    line += segment.code.split('\n').length;
  }
  mkdirSync(dirname(example.path), { recursive: true });
  writeFileSync(example.path, `${header.join('\n')}${code}\n\nexport {};\n`);
}

/**
 * Two programs: the examples that lean on the shared context (automatic imports, docs/doc-examples.d.ts),
 * and the `standalone` ones, checked without it, exactly as pasted.
 */
const programs = [
  { name: 'tsconfig.json', examples: examples.filter((example) => !example.standalone), context: true },
  {
    name: 'tsconfig.standalone.json',
    examples: examples.filter((example) => example.standalone),
    context: false,
  },
];
for (const { name, examples: members, context } of programs) {
  writeFileSync(
    join(outDir, name),
    `${JSON.stringify(
      {
        extends: '../tsconfig.base.json',
        compilerOptions: {
          noEmit: true,
          allowImportingTsExtensions: true,
          declaration: false,
          sourceMap: false,
          jsx: 'react-jsx',
          paths: { ...workspacePaths },
        },
        files: [
          ...members.map((example) => relative(outDir, example.path)),
          ...(context ? [relative(outDir, contextFile)] : []),
        ],
      },
      null,
      2,
    )}\n`,
  );
}

// ---- typecheck ----

const byPath = new Map(examples.map((example) => [resolve(example.path), example]));
const failures = [];
const report = (diagnostic) => {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file) return failures.push(`error TS${diagnostic.code}: ${message}`);
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const example = byPath.get(resolve(diagnostic.file.fileName));
  const segment = example && [...example.segments].reverse().find((candidate) => candidate.startLine <= line);
  const at = segment
    ? `${example.where}:${segment.fenceLine + 1 + line - segment.startLine}:${character + 1} (example at line ${segment.fenceLine})`
    : `${relative(root, diagnostic.file.fileName)}:${line + 1}:${character + 1}`;
  failures.push(`${at}: error TS${diagnostic.code}: ${message}`);
};
const failedExamples = new Set();
for (const { name, examples: members, context } of programs) {
  if (members.length === 0 && !context) continue;
  const config = ts.getParsedCommandLineOfConfigFile(
    join(outDir, name),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram(config.fileNames, config.options);
  program.getOptionsDiagnostics().forEach(report);
  program.getGlobalDiagnostics().forEach(report);
  for (const file of [...members.map((example) => example.path), ...(context ? [contextFile] : [])]) {
    const source = program.getSourceFile(file);
    if (!source) {
      failures.push(`${relative(root, file)}: not part of the program`);
      continue;
    }
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    if (diagnostics.length > 0) failedExamples.add(file);
    diagnostics.forEach(report);
  }
}

for (const failure of failures) console.error(failure);
const blocksIn = (list) => list.reduce((sum, example) => sum + example.segments.length, 0);
const checkedBlocks = blocksIn(examples);
const fromComments = blocksIn(examples.filter((example) => example.pkg));
const failing = blocksIn(examples.filter((example) => failedExamples.has(example.path)));
console.log(
  `Doc examples: ${checkedBlocks} checked (${fromComments} in doc comments, ${checkedBlocks - fromComments} in guides and READMEs), ` +
    `${unchecked} unchecked (no-check), ${failing} in failing files, ${failures.length} errors`,
);
if (failures.length > 0) process.exit(1);
