import { Plus, X } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";

export type ContactDraft = { name: string; email: string; phone: string; role: string };

const FIELDS = [
  ["name", "Name", "Jane Doe"],
  ["role", "Role", "Finance"],
  ["email", "Email", "jane@client.example"],
  ["phone", "Phone", "+49 30 1234567"],
] as const;

/** The form's rows from a client's contacts: every field present, blank when unset. */
export function contactDrafts(
  contacts: { name: string; email?: string; phone?: string; role?: string }[] | undefined,
): ContactDraft[] {
  return (contacts ?? []).map((c) => ({
    name: c.name,
    email: c.email ?? "",
    phone: c.phone ?? "",
    role: c.role ?? "",
  }));
}

/** What the API takes: blank optional fields left out. */
export function contactsOf(drafts: ContactDraft[]) {
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);
  return drafts.map((c) => ({
    name: c.name.trim(),
    email: optional(c.email),
    phone: optional(c.phone),
    role: optional(c.role),
  }));
}

/** People at the client: who approves invoices, who to call when something breaks. */
export function ContactsField(props: {
  contacts: ContactDraft[];
  onChange: (contacts: ContactDraft[]) => void;
  errorOf: (index: number) => string | undefined;
}) {
  const { contacts, onChange } = props;
  const patch = (i: number, change: Partial<ContactDraft>) =>
    onChange(contacts.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Contacts</legend>
      {contacts.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved
        <div key={i} className="grid gap-1">
          <div className="flex gap-2">
            <div className="grid flex-1 gap-2 sm:grid-cols-4">
              {FIELDS.map(([field, label, placeholder]) => (
                <Input
                  key={field}
                  aria-label={`Contact ${i + 1}: ${label.toLowerCase()}`}
                  placeholder={placeholder}
                  type={field === "email" ? "email" : "text"}
                  value={c[field]}
                  onChange={(e) => patch(i, { [field]: e.target.value })}
                />
              ))}
            </div>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove contact ${i + 1}`}
              onClick={() => onChange(contacts.filter((_, j) => j !== i))}
            >
              <X aria-hidden />
            </Button>
          </div>
          {props.errorOf(i) && <p className="text-sm text-destructive">{props.errorOf(i)}</p>}
        </div>
      ))}
      {contacts.length < 20 && (
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          onClick={() => onChange([...contacts, { name: "", email: "", phone: "", role: "" }])}
        >
          <Plus aria-hidden /> Add contact
        </Button>
      )}
    </fieldset>
  );
}
