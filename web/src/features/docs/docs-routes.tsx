import type { RouteObject } from "react-router";
import { DocEditorPage } from "./doc-editor-page.tsx";
import { DocHistoryPage } from "./doc-history-page.tsx";
import { DocPage } from "./doc-page.tsx";
import { DocsHome } from "./docs-home.tsx";
import { DocsLayout } from "./docs-layout.tsx";
import { DocsTrashPage } from "./docs-trash-page.tsx";

/** Under /docs: the page tree beside a page, its history, the trash, and the editor (full width). */
export const docsRoutes: RouteObject[] = [
  {
    element: <DocsLayout />,
    children: [
      { index: true, element: <DocsHome /> },
      { path: "trash", element: <DocsTrashPage /> },
      { path: ":pageId", element: <DocPage /> },
      { path: ":pageId/history", element: <DocHistoryPage /> },
    ],
  },
  { path: ":pageId/edit", element: <DocEditorPage /> },
];
