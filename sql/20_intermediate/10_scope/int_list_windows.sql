-- int_list_windows: which rows of each list fall in the list's window, per framework edition.
-- Grain: one row per edition x list (lists 1-11 and the LA audits list).
-- Rules: docs/methodology/windows.md W2-W3. Windows are inclusive calendar months before the
-- reference date (ref - N months <= date <= ref). 'ilacs-2018' is the ILACS framework, December
-- 2018 (002 ¶258; audits ¶266); 'template-2019' is the Ofsted template "Update: August 2019", which
-- uses six months for lists 1-9 (docs/methodology/windows.md W3). Rows outside the window are kept
-- and flagged (in_window = false in the int_<list> macros), never dropped.
create or replace view int_list_windows as
select *
from (
    values
        ('ilacs-2018', 'list_1', 3, 'contacts in the window', 'ILACS ¶258'),
        ('ilacs-2018', 'list_2', 6, 'early help assessments open at any time in the window',
         'ILACS ¶258'),
        ('ilacs-2018', 'list_3', 3, 'referrals in the window', 'ILACS ¶258'),
        ('ilacs-2018', 'list_4', 6, 'assessments open at any time in the window', 'ILACS ¶258'),
        ('ilacs-2018', 'list_5', 6, 'section 47 enquiries started, or ICPCs held, in the window',
         'ILACS ¶258'),
        ('ilacs-2018', 'list_6', 3, 'open at the reference date, or closed in the window',
         'ILACS ¶258'),
        ('ilacs-2018', 'list_7', 3, 'on a plan at the reference date, or the plan ended in '
         || 'the window', 'ILACS ¶258'),
        ('ilacs-2018', 'list_8', 6, 'looked after at the reference date, or ceased in the '
         || 'window', 'ILACS ¶258'),
        ('ilacs-2018', 'list_9', 0, 'receiving leaving care services at the reference date',
         'ILACS ¶258'),
        ('ilacs-2018', 'list_10', 12, 'adopted or decision reversed in the window, or waiting '
         || '(decision made, not adopted) at the reference date', 'ILACS ¶258'),
        ('ilacs-2018', 'list_11', 12, 'in the adoption process at any time in the window',
         'ILACS ¶258'),
        ('ilacs-2018', 'audits', 6, 'audits completed in the window', 'ILACS ¶266'),
        ('template-2019', 'list_1', 6, 'contacts in the window', 'template 2019 Guidance'),
        ('template-2019', 'list_2', 6, 'early help assessments open at any time in the window',
         'template 2019 Guidance'),
        ('template-2019', 'list_3', 6, 'referrals in the window', 'template 2019 Guidance'),
        ('template-2019', 'list_4', 6, 'assessments open at any time in the window',
         'template 2019 Guidance'),
        ('template-2019', 'list_5', 6, 'section 47 enquiries started, or ICPCs held, in the '
         || 'window', 'template 2019 Guidance'),
        ('template-2019', 'list_6', 6, 'open at the reference date, or closed in the window',
         'template 2019 Guidance'),
        ('template-2019', 'list_7', 6, 'on a plan at the reference date, or the plan ended in '
         || 'the window', 'template 2019 Guidance'),
        ('template-2019', 'list_8', 6, 'looked after at the reference date, or ceased in the '
         || 'window', 'template 2019 Guidance'),
        ('template-2019', 'list_9', 0, 'receiving leaving care services at the reference date',
         'template 2019 Guidance'),
        ('template-2019', 'list_10', 12, 'adopted or decision reversed in the window, or waiting '
         || '(decision made, not adopted) at the reference date', 'template 2019 Guidance'),
        ('template-2019', 'list_11', 12, 'in the adoption process at any time in the window',
         'template 2019 Guidance'),
        ('template-2019', 'audits', 6, 'audits completed in the window', 'ILACS ¶266')
) as t (edition, list_key, months, includes, reference);
