from django.apps import AppConfig


class FixtureLineConfig(AppConfig):
    name = "tests.fixture_line"
    label = "fixture_line"
    verbose_name = "测试条线"
