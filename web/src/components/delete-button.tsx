import { useState } from "react";
import { Button } from "./ui/button.tsx";

/**
 * Delete inside a form or dialog, asked twice: the first click turns it into the confirmation
 * (a dialog over a dialog would be one too many), which blurring it takes back.
 */
export function DeleteButton({
  label,
  pending,
  onDelete,
}: {
  label: string;
  pending: boolean;
  onDelete: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <Button
      type="button"
      variant={confirming ? "destructive" : "outline"}
      className="sm:mr-auto"
      loading={pending}
      onClick={() => (confirming ? onDelete() : setConfirming(true))}
      onBlur={() => setConfirming(false)}
    >
      {confirming ? "Click again to delete" : label}
    </Button>
  );
}
