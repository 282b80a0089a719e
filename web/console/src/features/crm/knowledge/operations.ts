// The knowledge base: entries by type and language, search, the timetable look-up, saving or
// deleting an entry and importing a CSV.
import { graphql } from "../../../gql";

export const knowledgeEntryFields = graphql(`
  fragment KnowledgeEntryFields on KnowledgeEntry {
    id
    type
    language
    title
    body
    data
    updatedAt
  }
`);

export const knowledgeEntriesQuery = graphql(`
  query KnowledgeEntries($type: KnowledgeType, $language: String, $limit: Int!, $offset: Int!) {
    knowledgeEntries(type: $type, language: $language, limit: $limit, offset: $offset) {
      ...KnowledgeEntryFields
    }
  }
`);

export const searchKnowledgeQuery = graphql(`
  query SearchKnowledge($query: String!, $type: KnowledgeType, $language: String, $limit: Int!) {
    searchKnowledge(query: $query, type: $type, language: $language, limit: $limit) {
      score
      entry {
        ...KnowledgeEntryFields
      }
    }
  }
`);

export const timetableQuery = graphql(`
  query Timetable($station: String!, $date: NaiveDate!, $language: String) {
    timetable(station: $station, date: $date, language: $language) {
      time
      destination
      routeCode
    }
  }
`);

export const createKnowledgeEntryMutation = graphql(`
  mutation CreateKnowledgeEntry($input: KnowledgeEntryInput!) {
    createKnowledgeEntry(input: $input) {
      ...KnowledgeEntryFields
    }
  }
`);

export const updateKnowledgeEntryMutation = graphql(`
  mutation UpdateKnowledgeEntry($id: ID!, $input: KnowledgeEntryInput!) {
    updateKnowledgeEntry(id: $id, input: $input) {
      ...KnowledgeEntryFields
    }
  }
`);

export const deleteKnowledgeEntryMutation = graphql(`
  mutation DeleteKnowledgeEntry($id: ID!) {
    deleteKnowledgeEntry(id: $id)
  }
`);

export const importKnowledgeCsvMutation = graphql(`
  mutation ImportKnowledgeCsv($type: KnowledgeType!, $csv: String!, $allOrNothing: Boolean) {
    importKnowledgeCsv(type: $type, csv: $csv, allOrNothing: $allOrNothing) {
      imported
      rejectedRows {
        line
        reason
      }
    }
  }
`);
