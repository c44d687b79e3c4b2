-- Alert rules a brand's team set in the dashboard or through PUT /api/brands/{id}/alert-rules (issue 17): only the
-- named differences from the configured rules (Alerts:PerBrand / Alerts:Defaults), as a JSON object of camelCase
-- names, layered over them when alerts are evaluated. One row per brand that changed its rules, read whole each
-- evaluation cycle and by key; it goes with its brand.
create table brand_alert_rules (
    brand_id    bigint primary key references brands (id) on delete cascade,
    rules       text not null,
    updated_at  text not null,
    updated_by  text null
);
