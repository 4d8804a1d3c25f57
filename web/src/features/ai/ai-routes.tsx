import type { RouteObject } from "react-router";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { ChatPage } from "./chat-page.tsx";

const chat = (
  <RequirePermission permission="ai:chat">
    <ChatPage />
  </RequirePermission>
);

export const aiRoutes: RouteObject[] = [
  { index: true, element: chat },
  { path: "t/:threadId", element: chat },
];
