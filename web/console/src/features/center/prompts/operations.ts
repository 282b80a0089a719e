// Prompts: stored audio (uploaded or text-to-speech) with a signed link to play it; one
// prompt (a fresh link), uploading, creating by text-to-speech and deleting.
import { graphql } from "../../../gql";

export const promptFields = graphql(`
  fragment PromptFields on Prompt {
    id
    name
    kind
    language
    text
    durationMs
    sourceName
    url
    createdAt
  }
`);

export const promptsQuery = graphql(`
  query Prompts {
    prompts {
      ...PromptFields
    }
  }
`);

export const promptQuery = graphql(`
  query Prompt($id: ID!) {
    prompt(id: $id) {
      ...PromptFields
    }
  }
`);

export const uploadPromptMutation = graphql(`
  mutation UploadPrompt($name: String!, $file: Upload!) {
    uploadPrompt(name: $name, file: $file) {
      ...PromptFields
    }
  }
`);

export const createTtsPromptMutation = graphql(`
  mutation CreateTtsPrompt($input: TtsPromptInput!) {
    createTtsPrompt(input: $input) {
      ...PromptFields
    }
  }
`);

export const deletePromptMutation = graphql(`
  mutation DeletePrompt($id: ID!) {
    deletePrompt(id: $id)
  }
`);
