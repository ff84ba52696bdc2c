-- sample_composition: what a saved sample is made of, in Ofsted's sample-size words, e.g. "a
-- large majority of the tracked children are boys: 5 of 7".
-- Grain: one row per saved visit x group (each role: 'tracked', 'sampled', 'audited', and 'all'
-- for the whole sample) x characteristic x value present in the group; the yes/no
-- characteristics (missing, exploitation, large sibling group, possible delay, out of area)
-- always appear, with k = 0 when no child has them.
-- Rules: k = children in the group with the value, n = children in the group (a child tracked and
-- audited counts once in 'all'). descriptor = descriptor(k, n) (sql/05_reference/descriptor.sql;
-- docs/methodology/case-selection.md C9, exact integer bands of 003 Annex B); "half" has no Ofsted
-- descriptor and is flagged in the statement. Characteristics are those stored with each member
-- when the sample was saved (sample_members), so a later submission does not change a saved
-- sample's make-up.
create or replace view sample_composition as
with members as (
    select
        m.visit_id,
        m.role,
        m.child_id,
        m.gender,
        m.age_band,
        m.disability,
        m.ethnicity_group,
        m.current_status,
        m.is_missing,
        m.at_risk_of_exploitation,
        m.large_sibling_group,
        m.possible_delay,
        m.out_of_area
    from sample_members as m
    union all
    -- 'all': each child once, with its first-chosen role's characteristics.
    select
        m.visit_id,
        'all',
        m.child_id,
        arg_min(m.gender, m.role),
        arg_min(m.age_band, m.role),
        arg_min(m.disability, m.role),
        arg_min(m.ethnicity_group, m.role),
        arg_min(m.current_status, m.role),
        bool_or(m.is_missing),
        bool_or(m.at_risk_of_exploitation),
        bool_or(m.large_sibling_group),
        bool_or(m.possible_delay),
        bool_or(m.out_of_area)
    from sample_members as m
    group by m.visit_id, m.child_id
),

facts as (
    select
        mb.visit_id,
        mb.role,
        mb.child_id,
        unnest([
            {'characteristic': 'gender', 'has': cast(null as boolean), 'value': mb.gender,
             'counts_zero': false,
             'predicate': case mb.gender
                 when 'a) Male' then 'are boys'
                 when 'b) Female' then 'are girls'
                 when 'd) Neither' then 'are recorded as neither boys nor girls'
                 else 'have no gender recorded'
             end},
            {'characteristic': 'age band', 'has': cast(null as boolean), 'value': mb.age_band,
             'counts_zero': false,
             'predicate': case mb.age_band
                 when 'unborn' then 'are unborn'
                 when 'under 1' then 'are under 1'
                 when '18+' then 'are 18 or over'
                 when 'unknown' then 'have no age recorded'
                 else 'are aged ' || mb.age_band
             end},
            {'characteristic': 'disability', 'has': cast(null as boolean), 'value': mb.disability,
             'counts_zero': false,
             'predicate': case mb.disability
                 when 'a) Yes' then 'are disabled'
                 when 'b) No' then 'are not disabled'
                 else 'have no disability recorded'
             end},
            {'characteristic': 'ethnic group', 'has': cast(null as boolean),
             'value': mb.ethnicity_group, 'counts_zero': false,
             'predicate': case
                 when mb.ethnicity_group is null or mb.ethnicity_group like '%Unknown'
                     then 'have no ethnicity recorded'
                 when mb.ethnicity_group like '%Refused' then 'declined to give an ethnicity'
                 else 'are recorded as '
                     || regexp_replace(mb.ethnicity_group, '^[a-z][0-9]?\)\s*', '')
             end},
            {'characteristic': 'status', 'has': cast(null as boolean),
             'value': mb.current_status, 'counts_zero': false,
             'predicate': case mb.current_status
                 when 'CLA' then 'are children in care'
                 when 'CP' then 'are on a child protection plan'
                 when 'CIN' then 'are children in need'
                 when 'open assessment' then 'have an open assessment'
                 when 'closed' then 'have no open case'
                 else 'have no status recorded'
             end},
            {'characteristic': 'missing', 'value': 'yes', 'counts_zero': true,
             'predicate': 'were missing in the last 12 months',
             'has': coalesce(mb.is_missing, false)},
            {'characteristic': 'exploitation', 'value': 'yes', 'counts_zero': true,
             'predicate': 'are at risk of sexual exploitation',
             'has': coalesce(mb.at_risk_of_exploitation, false)},
            {'characteristic': 'large sibling group', 'value': 'yes', 'counts_zero': true,
             'predicate': 'are from a large sibling group',
             'has': coalesce(mb.large_sibling_group, false)},
            {'characteristic': 'possible delay', 'value': 'yes', 'counts_zero': true,
             'predicate': 'may have experienced significant delay',
             'has': coalesce(mb.possible_delay, false)},
            {'characteristic': 'out of area', 'value': 'yes', 'counts_zero': true,
             'predicate': 'are placed out of area', 'has': coalesce(mb.out_of_area, false)}
        ], recursive := true)
    from members as mb
),

counted as (
    select
        f.visit_id,
        f.role,
        f.characteristic,
        coalesce(f.value, 'not recorded') as value,
        any_value(f.predicate) as predicate,
        count(*) filter (where f.has is null or f.has) as k,
        any_value(g.n) as n
    from facts as f
    join (
        select visit_id, role, count(distinct child_id) as n from members group by all
    ) as g on g.visit_id = f.visit_id and g.role = f.role
    where f.has is null or f.has or f.counts_zero
    group by f.visit_id, f.role, f.characteristic, coalesce(f.value, 'not recorded')
),

worded as (
    select
        c.*,
        descriptor(c.k, c.n) as descriptor,
        case descriptor(c.k, c.n)
            when 'large majority' then 'a large majority'
            when 'majority' then 'a majority'
            when 'minority' then 'a minority'
            when 'small minority' then 'a small minority'
            else descriptor(c.k, c.n)
        end as quantity,
        case c.role
            when 'tracked' then 'the tracked children'
            when 'sampled' then 'the sampled children'
            when 'audited' then 'the audited cases'
            else 'the children in the sample'
        end as group_noun
    from counted as c
)

select
    w.visit_id,
    v.la_code,
    v.visit_type,
    coalesce(v.visit_start, v.ref_date) as visit_date,
    w.role,
    w.characteristic,
    w.value,
    w.k,
    w.n,
    w.descriptor,
    w.quantity || ' of ' || w.group_noun || ' ' || w.predicate || ': ' || w.k || ' of ' || w.n
        || case when w.descriptor = 'half' then ' (no Ofsted descriptor for exactly half)'
            else '' end as statement
from worded as w
join sample_visits as v on v.visit_id = w.visit_id;
