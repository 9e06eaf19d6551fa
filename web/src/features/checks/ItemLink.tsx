import { Link } from '@tanstack/react-router';

/** A checklist item by key and title; opens the item panel over the deployment page. */
export function ItemLink({ deploymentId, itemKey, title }: { deploymentId: string; itemKey: string; title?: string | undefined }) {
  return (
    <Link to="/deployments/$deploymentId/items/$itemKey" params={{ deploymentId, itemKey }} search={{}} className="item-link">
      <span className="item-key">{itemKey}</span>
      {title && <span className="item-link-title"> {title}</span>}
    </Link>
  );
}
