// Types for `import '@dispatchtickets/react/styles.css'`: the import only adds the
// stylesheet and exports nothing. TypeScript 6+ refuses a side-effect import it
// cannot resolve (TS2882), so the package's exports point `types` here.
export {};
