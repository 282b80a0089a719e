// Generates typed GraphQL documents from the committed schema (`/schema.graphql`, produced by
// `qiao schema`). Output goes to src/gql/, which is not committed: `npm run codegen` rebuilds it.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: "string",
          NaiveDate: "string",
          Upload: "File",
          JSON: "unknown",
        },
      },
    },
  },
};

export default config;
