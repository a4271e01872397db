"""Who may do what in the Django admin (系统管理后台): permissions follow from roles only.

`RolePermissionBackend` replaces Django's `ModelBackend`: it authenticates the same way
(username and password), but a user's admin permissions are those the capabilities of their
roles bring (`sifa.orgs.duties.ADMIN_PERMISSIONS`). Groups and per-user permissions grant
nothing — they are not offered in the admin either — so the only way to give someone admin
rights is a membership, which the separation-of-duties rule checks and the history records.
An active superuser (made by `createsuperuser` on the server) still has every permission.
"""

from django.contrib.auth.backends import ModelBackend

from sifa.orgs import duties


class RolePermissionBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_user_permissions(user_obj, obj)
        return duties.admin_permissions(user_obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()  # groups grant nothing (三权分立: rights come from roles)
