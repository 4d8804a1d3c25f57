-- Resource states in one case (discovery lower-cases them from now on): "Running" and "running"
-- were two facet values. The facet counts follow through the resources' update trigger.
UPDATE "resources" SET "state" = lower("state") WHERE "state" <> lower("state");
